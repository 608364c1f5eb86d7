// C++ exceptions (libgcc's SEH unwinder over RaiseException/RtlUnwindEx): a throw caught three
// frames up with destructors running innermost first, a rethrow, catch (...), and — with the
// argument "uncaught" — an exception nobody catches (std::terminate, then abort: exit code 3);
// with "callback", exceptions thrown and caught inside a qsort comparator; with "deep", a throw
// from the bottom of a deep recursion.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

struct Noisy {
  const char *name;
  explicit Noisy(const char *n) : name(n) { std::printf("construct %s\n", name); }
  ~Noisy() { std::printf("destroy %s\n", name); }
};

__attribute__((noinline)) static void thrower(int depth) {
  Noisy n("thrower");
  if (depth == 0) throw std::runtime_error("deep failure");
  thrower(depth - 1);
}

__attribute__((noinline)) static void middle() {
  Noisy m("middle");
  thrower(1);
  std::printf("not reached\n");
}

__attribute__((noinline)) static void rethrower() {
  try {
    Noisy r("rethrower");
    throw 42;
  } catch (int v) {
    std::printf("caught int %d, rethrowing\n", v);
    throw;
  }
}

__attribute__((noinline)) static void uncaught() {
  Noisy u("uncaught");
  throw 7;
}

// A comparator called by msvcrt's qsort (an emulated API) that throws and catches inside itself.
static int compare(const void *a, const void *b) {
  int x = *static_cast<const int *>(a), y = *static_cast<const int *>(b);
  try {
    Noisy c("comparator");
    if (x == 2 || y == 2) throw std::runtime_error("two");
  } catch (const std::exception &e) {
    std::printf("comparator caught %s\n", e.what());
  }
  return x - y;
}

// Recursion deep enough that the stack grew well past what was committed at start-up.
__attribute__((noinline)) static int deep(int n) {
  volatile char pad[200];
  pad[0] = static_cast<char>(n);
  if (n == 0) throw n;
  return deep(n - 1) + pad[0];
}

int main(int argc, char **argv) {
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  if (argc > 1 && std::strcmp(argv[1], "deep") == 0) {
    try {
      deep(3000);
    } catch (int v) {
      std::printf("caught %d at the bottom of 3000 frames\n", v);
    }
    return 0;
  }
  if (argc > 1 && std::strcmp(argv[1], "callback") == 0) {
    int v[2] = {2, 1};
    std::qsort(v, 2, sizeof v[0], compare);
    std::printf("sorted %d %d\n", v[0], v[1]);
    return 0;
  }
  if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0) {
    uncaught();
    return 0;
  }
  try {
    Noisy outer("outer");
    middle();
  } catch (const std::exception &e) {
    std::printf("caught: %s\n", e.what());
  }
  try {
    rethrower();
  } catch (int v) {
    std::printf("caught rethrown %d\n", v);
  }
  try {
    throw 3.5;
  } catch (...) {
    std::printf("caught (...)\n");
  }
  std::printf("done\n");
  return 0;
}
