/* The floor of any proxy that copies bytes between two TCP connections: a relay with two blocking threads
 * per connection, read(256 KB) then write, no parsing at all. bench/dev_bench.py compiles it (when a C
 * compiler is on PATH) and measures it in the preview's place, alternated with the dev server and the
 * preview: what the preview's ratios would be if its own work cost nothing. With "splice" as a third argument
 * the bytes move socket -> pipe -> socket with splice(2), never copied through user space: the zero-copy
 * relay, measured beside the copying one (on loopback it is no faster: the kernel's TCP work dominates).
 *
 *     relay_floor TARGET_PORT LISTEN_PORT [splice]      (both on 127.0.0.1; prints "ready" once listening)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <string.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int target_port, use_splice;

struct pair { int from, to; };

static void splice_pump(struct pair *p) {
  int pipefd[2];
  if (pipe(pipefd)) return;
  fcntl(pipefd[1], F_SETPIPE_SZ, 1 << 20);
  for (;;) {
    ssize_t n = splice(p->from, NULL, pipefd[1], NULL, 1 << 20, SPLICE_F_MOVE);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = splice(pipefd[0], NULL, p->to, NULL, n - off, SPLICE_F_MOVE);
      if (w <= 0) goto out;
      off += w;
    }
  }
out:
  close(pipefd[0]);
  close(pipefd[1]);
}

static void *pump(void *arg) {
  struct pair *p = arg;
  static __thread char buf[262144];
  if (use_splice) {
    splice_pump(p);
    shutdown(p->to, SHUT_WR);
    return NULL;
  }
  for (;;) {
    ssize_t n = read(p->from, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(p->to, buf + off, n - off);
      if (w <= 0) goto out;
      off += w;
    }
  }
out:
  shutdown(p->to, SHUT_WR);
  return NULL;
}

static void *connection(void *arg) {
  int client = (int)(long)arg, one = 1;
  int upstream = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(target_port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(upstream, (struct sockaddr *)&to, sizeof to) == 0) {
    setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct pair up = {client, upstream}, down = {upstream, client};
    pthread_t thread;
    pthread_create(&thread, NULL, pump, &up);
    pump(&down);
    pthread_join(thread, NULL);
  }
  close(upstream);
  close(client);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3 && !(argc == 4 && strcmp(argv[3], "splice") == 0)) return 2;
  signal(SIGPIPE, SIG_IGN);
  target_port = atoi(argv[1]);
  use_splice = argc == 4;
  int server = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(server, (struct sockaddr *)&at, sizeof at) || listen(server, 128)) return 1;
  printf("ready\n");
  fflush(stdout);
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  for (;;) {
    int client = accept(server, NULL, NULL);
    if (client < 0) continue;
    pthread_t thread;
    pthread_create(&thread, &detached, connection, (void *)(long)client);
  }
}
