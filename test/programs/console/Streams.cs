using System;
using System.IO;
using System.Text;

// Binary and text streams in memory: a record file written with BinaryWriter and read back,
// StreamWriter/StreamReader over a MemoryStream with UTF-8 and UTF-16, Base64, and seeking.
class Streams
{
    static void Main()
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, true))
        {
            w.Write(0x43524D55); w.Write((short)-2); w.Write(3.5); w.Write(true); w.Write("name: clremu"); w.Write(123456789012345L); w.Write(1.25m); w.Write(new byte[] { 1, 2, 3 });
        }
        Console.WriteLine("bytes " + ms.Length + " pos " + ms.Position);
        ms.Position = 0;
        using (var r = new BinaryReader(ms, Encoding.UTF8, true))
        {
            Console.WriteLine(r.ReadInt32().ToString("X") + " " + r.ReadInt16() + " " + r.ReadDouble() + " " + r.ReadBoolean() + " [" + r.ReadString() + "] " + r.ReadInt64() + " " + r.ReadDecimal() + " " + BitConverter.ToString(r.ReadBytes(3)));
            Console.WriteLine(r.BaseStream.Position == ms.Length);
        }
        var text = new MemoryStream();
        using (var sw = new StreamWriter(text, new UTF8Encoding(false), 16, true)) { sw.WriteLine("first line"); sw.Write("second {0}", 2); sw.WriteLine(); sw.Write("tail"); }
        Console.WriteLine(BitConverter.ToString(text.ToArray(), 0, 6));
        text.Seek(0, SeekOrigin.Begin);
        using (var sr = new StreamReader(text))
        {
            string line; int n = 0;
            while ((line = sr.ReadLine()) != null) Console.WriteLine(++n + ": " + line);
        }
        byte[] utf16 = Encoding.Unicode.GetBytes("Hi!");
        Console.WriteLine(BitConverter.ToString(utf16) + " " + Encoding.Unicode.GetString(utf16) + " " + Encoding.UTF8.GetByteCount("h\u00e9llo") + " " + Encoding.ASCII.GetString(new byte[] { 72, 105 }));
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("any carnal pleasure."));
        Console.WriteLine(b64 + " " + Encoding.UTF8.GetString(Convert.FromBase64String(b64)));
        var buf = new MemoryStream(new byte[] { 10, 20, 30, 40, 50 });
        buf.Seek(-2, SeekOrigin.End);
        Console.WriteLine(buf.ReadByte() + " " + buf.ReadByte() + " " + buf.ReadByte());
        buf.Position = 1; var part = new byte[3]; Console.WriteLine(buf.Read(part, 0, 3) + " " + string.Join(",", part));
        var sb = new StringBuilder(); using (var tw = new StringWriter(sb)) { tw.Write(42); tw.Write('-'); tw.Write(true); }
        Console.WriteLine(sb + " " + new StringReader("a\nb\n").ReadToEnd().Length);
    }
}
