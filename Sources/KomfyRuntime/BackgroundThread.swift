#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Foundation
import Synchronization

/// One thread of its own, at a lower scheduling priority, for work that must get done but that no
/// request waits for (a read model's writes). On a machine whose cores are busy, the kernel then
/// runs the threads that answer requests first, and this one in the gaps; when the cores are idle
/// it runs as fast as any other. Jobs run one at a time, in order; the thread ends when the
/// `BackgroundThread` goes away.
public final class BackgroundThread: Sendable {
    private let queue = JobQueue()

    /// `nice` is added to the thread's nice value (0-19; 10 gives it about a tenth of the share of a
    /// normal thread when both want a core).
    public init(name: String, nice: Int32 = 10) {
        let thread = Thread { [queue] in
            #if canImport(Glibc)
            // On Linux the nice value is per thread, and `who` 0 is the calling thread. Raising it
            // needs no privilege; if it fails anyway, the work runs at normal priority.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
            #endif
            // The name `top -H` and profiles show (Linux keeps 15 bytes).
            try? String(name.utf8.prefix(15))?.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            while let job = queue.next() { job() }
        }
        thread.start()
    }

    deinit {
        queue.finish()
    }

    /// Runs `body` on the thread and returns its result; the caller's task waits without holding a
    /// thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.add { continuation.resume(with: Result { try body() }) }
        }
    }

    private final class JobQueue: Sendable {
        private let state = Mutex<(jobs: [@Sendable () -> Void], finished: Bool)>(([], false))
        private let waiting = DispatchSemaphore(value: 0)

        func add(_ job: @escaping @Sendable () -> Void) {
            state.withLock { $0.jobs.append(job) }
            waiting.signal()
        }

        func finish() {
            state.withLock { $0.finished = true }
            waiting.signal()
        }

        /// The next job, waiting for one; nil once finished and drained.
        func next() -> (@Sendable () -> Void)? {
            while true {
                waiting.wait()
                let (job, finished) = state.withLock { state in
                    (state.jobs.isEmpty ? nil : state.jobs.removeFirst(), state.finished)
                }
                if let job { return job }
                if finished { return nil }
            }
        }
    }
}
