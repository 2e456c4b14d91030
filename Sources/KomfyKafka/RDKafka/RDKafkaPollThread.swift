import Foundation
import Synchronization

/// A dedicated thread that runs one blocking poll step after another until stopped.
///
/// librdkafka serves delivery reports, logs and errors only while someone polls. Polling from a
/// thread of our own means no Swift task ever blocks on it and no report waits for a sleep loop:
/// the poll (`rd_kafka_queue_poll`) returns as soon as an event arrives.
final class RDKafkaPollThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    private let step: @Sendable () -> Void
    private let wake: @Sendable () -> Void

    init(name: String, step: @escaping @Sendable () -> Void, wake: @escaping @Sendable () -> Void) {
        self.step = step
        self.wake = wake
        // The thread holds the object until `stop()` ends the loop.
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                step()
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the loop and waits for the current step to return.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        wake()
        finished.wait()
    }
}
