// What a program learns about the machine from Environment and Path: the answers of a Windows 10
// machine with the guest's documented environment (not differential: mono on Linux answers for Linux).
using System;
using System.IO;
class WindowsFacts { static void Main() {
 Console.WriteLine(Environment.MachineName);
 Console.WriteLine(Environment.UserName);
 Console.WriteLine(Environment.UserDomainName);
 Console.WriteLine(Environment.OSVersion.VersionString);
 Console.WriteLine(Environment.ProcessorCount);
 Console.WriteLine(Environment.CurrentDirectory);
 Console.WriteLine(Environment.SystemDirectory);
 Console.WriteLine(Environment.NewLine.Length);
 Console.WriteLine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData));
 Console.WriteLine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
 Console.WriteLine(Environment.GetFolderPath(Environment.SpecialFolder.Windows));
 Console.WriteLine(Environment.Is64BitProcess);
 Console.WriteLine(Path.GetTempPath());
 Console.WriteLine(Path.GetFullPath("x\\..\\y.txt"));
 Environment.CurrentDirectory = "C:\\";
 Console.WriteLine(Environment.CurrentDirectory);
 Console.WriteLine(Directory.GetCurrentDirectory());
}}
