// Writes a binary log of records with BinaryWriter over a FileStream, reopens it, seeks to each
// record by its fixed size, reads some back with BinaryReader, truncates the file with SetLength,
// and appends with FileMode.Append: FileStream Seek/Length/Position/SetLength through MonoIO.
using System;
using System.IO;
using System.Text;

class BinaryLog
{
    const int RecordSize = 4 + 8 + 16;

    static int Main(string[] args)
    {
        string path = Path.Combine(args[0], "log.bin");
        using (var w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write)))
        {
            for (int i = 0; i < 10; i++)
            {
                w.Write(i);
                w.Write(i * 1.5);
                w.Write(Encoding.ASCII.GetBytes(("record " + i).PadRight(16)));
            }
        }
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        using (var r = new BinaryReader(fs))
        {
            Console.WriteLine("length {0}", fs.Length);
            foreach (int k in new[] { 7, 2, 9 })
            {
                fs.Seek(k * RecordSize, SeekOrigin.Begin);
                int id = r.ReadInt32();
                double v = r.ReadDouble();
                string name = Encoding.ASCII.GetString(r.ReadBytes(16)).TrimEnd();
                Console.WriteLine("#{0}: {1} {2} at {3}", id, v, name, fs.Position);
            }
            fs.SetLength(4 * RecordSize);
            Console.WriteLine("truncated to {0}", fs.Length);
        }
        using (var a = new FileStream(path, FileMode.Append))
        {
            a.Write(new byte[] { 1, 2, 3 }, 0, 3);
            Console.WriteLine("append at {0}", a.Position);
        }
        Console.WriteLine("final {0}", new FileInfo(path).Length);
        return 0;
    }
}
