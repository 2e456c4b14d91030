import Foundation

extension Process {
    /// `run()`, from a thread of its own with no signal blocked.
    ///
    /// A child inherits the signal mask of the thread that spawns it, and Swift's threads (Dispatch's,
    /// the cooperative pool's) block most signals. Spawned from one of them, `ChildProcess`'s watchdog
    /// never saw its SIGTERM, so `stop` waited for its `sleep` loop, and a child given grace (ComfyUI)
    /// never got the SIGTERM either, only the SIGKILL 10 s later. Every process Komfy starts goes
    /// through here (`ChildProcess`, `CommandRunner`).
    func runWithNoSignalsBlocked() throws {
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<Void, any Error> = .success(())
        Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            outcome = Result { try self.run() }
            started.signal()
        }.start()
        started.wait()
        try outcome.get()
    }
}
