// An exception from a static constructor that nobody catches: the report shows the
// TypeInitializationException, its inner exception and both stacks, as .NET Framework prints
// Exception.ToString(); the exit code is 0xE0434352.
using System;

class Config {
	public static int Value;
	static Config() {
		Value = Load();
	}
	static int Load() {
		throw new InvalidOperationException("no config");
	}
}

class TypeInit {
	static int Main() {
		return Config.Value;
	}
}
