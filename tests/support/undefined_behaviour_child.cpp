// A program whose only job is undefined behaviour caught by UBSan (it is always built with
// -fsanitize=undefined): the child whose report the tests' process helpers must notice.
#include <climits>
#include <cstdio>

int main(int argc, char**) {
  // The overflow depends on argc so that the compiler cannot fold it away.
  int largest = INT_MAX - 1;
  largest += argc;
  largest += argc;
  std::printf("%d\n", largest);
  return 0;
}
