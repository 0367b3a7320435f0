#pragma once

namespace zmqnapi {

// Runs `create_socket` (a context's first zmq_socket, which starts libzmq's I/O and
// reaper threads) with the calling thread under SCHED_BATCH, then restores it. Threads
// inherit their creator's policy, so libzmq's threads run under SCHED_BATCH: woken by a
// message, an I/O thread does not preempt the thread that queued it, and so takes the
// messages queued meanwhile in one batch, one system call, instead of a few at a time
// (docs/performance.md). A no-op off Linux and when this thread is not under the
// default policy; a policy the system refuses is left alone, never an error.
void* WithBatchScheduling(void* (*create_socket)(void* context, int type), void* context, int type);

// 0 if libzmq's threads can take the ZMQ_THREAD_SCHED_POLICY and ZMQ_THREAD_PRIORITY a
// user chose (-1: not chosen), else the errno their start would meet. libzmq asserts on
// that errno, which aborts the process, so the first socket must not start them.
int SchedulingRefusal(int policy, int priority);

}  // namespace zmqnapi
