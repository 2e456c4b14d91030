import Foundation
import Synchronization

/// Tells SSE streams that their job has new events in the store. The projector publishes after each
/// committed batch; a stream then reads the new events from the store, so nothing is lost between
/// a stream's first read and its subscription (it reads again after subscribing).
final class JobEventFeed: Sendable {
    private struct Subscriber {
        let id: UUID
        let continuation: AsyncStream<Void>.Continuation
    }

    private let subscribers = Mutex<[UUID: [Subscriber]]>([:])

    /// A stream that yields once at once, then whenever the job gets events and every `heartbeat`
    /// without any; it ends when the caller stops iterating.
    func subscribe(to jobID: UUID, heartbeat: Duration) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let subscriber = Subscriber(id: UUID(), continuation: continuation)
        subscribers.withLock { $0[jobID, default: []].append(subscriber) }
        continuation.yield()
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield()
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker.cancel()
            self?.subscribers.withLock { subscribers in
                subscribers[jobID]?.removeAll { $0.id == subscriber.id }
                if subscribers[jobID]?.isEmpty == true { subscribers[jobID] = nil }
            }
        }
        return stream
    }

    func publish(_ changes: [(jobID: UUID, seq: Int, terminal: Bool)]) {
        guard !changes.isEmpty else { return }
        let waiting = subscribers.withLock { subscribers in
            Set(changes.map(\.jobID)).flatMap { subscribers[$0] ?? [] }
        }
        for subscriber in waiting { subscriber.continuation.yield() }
    }
}
