// Opens files and directories that are not there and prints each exception's type and message,
// with the full path in the message replaced by a placeholder (so the platform's path syntax
// stays out of the output): FileNotFoundException, DirectoryNotFoundException, and the
// not-found answers of File.Exists/Directory.Exists.
using System;
using System.IO;

class MissingFiles
{
    static string root;

    static void Try(string what, string path, Action action)
    {
        try
        {
            action();
            Console.WriteLine("{0}: no exception", what);
        }
        catch (Exception e)
        {
            Console.WriteLine("{0}: {1}: {2}", what, e.GetType().Name, e.Message.Replace(path, "<path>"));
        }
    }

    static int Main(string[] args)
    {
        root = args[0];
        string missing = Path.Combine(root, "missing.txt");
        string inMissingDir = Path.Combine(Path.Combine(root, "nodir"), "file.txt");
        Try("ReadAllText", missing, () => File.ReadAllText(missing));
        Try("OpenRead", inMissingDir, () => File.OpenRead(inMissingDir).Dispose());
        Try("StreamReader", missing, () => new StreamReader(missing).Dispose());
        Try("WriteAllText in missing dir", inMissingDir, () => File.WriteAllText(inMissingDir, "x"));
        Try("GetFiles", Path.Combine(root, "nodir"), () => Directory.GetFiles(Path.Combine(root, "nodir")));
        Try("Delete missing", missing, () => File.Delete(missing));
        Console.WriteLine("exists: {0} {1} {2}", File.Exists(missing), Directory.Exists(Path.Combine(root, "nodir")), Directory.Exists(root));
        return 3;
    }
}
