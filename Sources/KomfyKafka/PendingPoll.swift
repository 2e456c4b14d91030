import Synchronization

/// One consumer poll started on the poll queue, whose records someone awaits later.
///
/// `KafkaConsumer.poll(prefetch: true)` starts the next poll before it returns, so librdkafka's
/// hand-over and the copying of batch n+1 run on the poll queue's thread while the caller works on
/// batch n. The next `poll` takes this one's result instead of starting its own.
final class PendingPoll: Sendable {
    typealias Result = (records: [KafkaRecord], errors: [KafkaError])

    private enum State {
        case running
        case finished(Result)
        case awaited(CheckedContinuation<Result, Never>)
    }

    private let state = Mutex<State>(.running)

    /// Called once, by the poll queue, when the poll returned.
    func finish(_ result: Result) {
        let waiting: CheckedContinuation<Result, Never>? = state.withLock { state in
            if case .awaited(let continuation) = state {
                state = .finished(([], []))
                return continuation
            }
            state = .finished(result)
            return nil
        }
        waiting?.resume(returning: result)
    }

    /// The poll's records, once it returned. Awaited by one caller only.
    func result() async -> Result {
        await withCheckedContinuation { continuation in
            let ready: Result? = state.withLock { state in
                if case .finished(let result) = state {
                    state = .finished(([], []))
                    return result
                }
                state = .awaited(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
