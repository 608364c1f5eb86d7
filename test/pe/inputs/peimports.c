/* An EXE that imports by name (kernel32, msvcrt, peexports!pe_add) and by ordinal
 * (peexports ordinal 7), has TLS callbacks and base relocations (the address table below). */
#include <windows.h>
#include <stdio.h>

__declspec(dllimport) int pe_add(int a, int b);
__declspec(dllimport) int pe_hidden_by_ordinal(int x);

static int tls_hits;
static void NTAPI first_callback(PVOID h, DWORD reason, PVOID r) { (void)h; (void)r; tls_hits += (int)reason; }
static void NTAPI second_callback(PVOID h, DWORD reason, PVOID r) { (void)h; (void)r; tls_hits += 10 * (int)reason; }
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK pe_tls_first = first_callback;
__attribute__((section(".CRT$XLC"), used)) PIMAGE_TLS_CALLBACK pe_tls_second = second_callback;
static __thread int per_thread = 5;

static int (*const table[])(int, int) = { pe_add };

int main(void) {
  printf("%d %d %d %lu\n", table[0](2, 3), pe_hidden_by_ordinal(4), per_thread + tls_hits, GetCurrentProcessId() > 0);
  return 0;
}
