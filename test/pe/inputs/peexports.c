/* A DLL whose export table exercises named exports, an export by ordinal only (NONAME in the
 * .def file), a data export and a forwarder to another DLL. */
__declspec(dllexport) int pe_add(int a, int b) { return a + b; }
int pe_hidden_by_ordinal(int x) { return x * 3; }
int pe_counter = 42;
