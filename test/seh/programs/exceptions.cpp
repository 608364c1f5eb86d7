// C++ exceptions (libgcc's SEH unwinder over RaiseException/RtlUnwindEx): a throw caught three
// frames up with destructors running innermost first, a rethrow, catch (...), and — with the
// argument "uncaught" — an exception nobody catches (std::terminate, then abort: exit code 3).
#include <cstdio>
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

int main(int argc, char **argv) {
  std::setvbuf(stdout, nullptr, _IONBF, 0);
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
