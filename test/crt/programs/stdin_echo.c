/* Standard input through msvcrt: fgets lines, scanf numbers, getchar, EOF. */
#include <stdio.h>

int main(void) {
    char line[32];
    int a = 0, b = 0;
    if (fgets(line, sizeof line, stdin)) printf("line: %s", line);
    int got = scanf("%d %d", &a, &b);
    printf("scanf %d: %d + %d = %d\n", got, a, b, a + b);
    int c, n = 0;
    while ((c = getchar()) != EOF) if (c != '\n') n++;
    printf("rest %d chars, eof %d\n", n, feof(stdin) != 0);
    return 0;
}
