// A small file manager over the directory named by args[0]: creates, appends, copies, moves,
// lists (sorted, names only), inspects and deletes files and directories with File, Directory,
// FileInfo and DirectoryInfo. Paths are built with Path.Combine; only names are printed, and the
// text written uses "\n" (not Environment.NewLine), so nothing depends on the platform.
using System;
using System.IO;
using System.Linq;

class FileTool
{
    static void List(string dir)
    {
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        var dirs = Directory.GetDirectories(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        Console.WriteLine("  dirs: " + string.Join(", ", dirs));
        foreach (var f in files)
            Console.WriteLine("  {0,-12}{1,6}", f, new FileInfo(Path.Combine(dir, f)).Length);
    }

    static int Main(string[] args)
    {
        string root = args[0];
        string notes = Path.Combine(root, "notes.txt");
        File.WriteAllText(notes, "first line\n");
        File.AppendAllText(notes, "second line\n");
        File.AppendAllText(notes, string.Join("\n", new[] { "third", "fourth" }) + "\n");
        Console.WriteLine("lines: " + File.ReadAllLines(notes).Length);
        Console.WriteLine("exists: {0} {1}", File.Exists(notes), File.Exists(Path.Combine(root, "nope.txt")));

        string copy = Path.Combine(root, "copy.txt");
        File.Copy(notes, copy);
        try
        {
            File.Copy(notes, copy);
        }
        catch (IOException e)
        {
            Console.WriteLine("copy again: " + e.GetType().Name);
        }
        File.Copy(notes, copy, true);

        string sub = Path.Combine(root, "archive");
        Directory.CreateDirectory(Path.Combine(sub, "2024"));
        File.Move(copy, Path.Combine(sub, "moved.txt"));
        Console.WriteLine("sub exists: " + Directory.Exists(sub));
        Console.WriteLine("root:");
        List(root);
        Console.WriteLine("archive:");
        List(sub);

        var info = new FileInfo(Path.Combine(sub, "moved.txt"));
        Console.WriteLine("moved: {0} bytes, extension {1}, read-only {2}", info.Length, info.Extension, info.IsReadOnly);
        Console.WriteLine("all *.txt: " + Directory.GetFiles(root, "*.txt", SearchOption.AllDirectories).Length);

        File.Delete(info.FullName);
        Directory.Delete(sub, true);
        Console.WriteLine("after delete: {0} {1}", File.Exists(info.FullName), Directory.Exists(sub));
        string text = File.ReadAllText(notes);
        Console.WriteLine("chars {0}, last '{1}'", text.Length, text.TrimEnd().Split('\n').Last().Trim());
        return 0;
    }
}
