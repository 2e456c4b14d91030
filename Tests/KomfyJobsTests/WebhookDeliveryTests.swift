import KomfyEvents
import KomfyJobs
import Testing

@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    static let retryAt = JobLog.epoch.adding(milliseconds: 3_600_000)

    @Test("A failure with a next attempt is retrying")
    func retrying() throws {
        var log = Start.completed.log()
        log.append(Fixture.webhookFailed(attempt: 1, statusCode: 503, error: nil, retryAt: Self.retryAt))
        #expect(try log.state().webhook == .retrying(attempt: 1, nextAttemptAt: Self.retryAt, lastStatusCode: 503,
                                                      lastError: nil))
    }

    @Test("A failure without a next attempt means the notifier gave up")
    func gaveUp() throws {
        var log = Start.failed.log()
        log.append(Fixture.webhookFailed(attempt: 1, retryAt: Self.retryAt))
        let last = log.append(Fixture.webhookFailed(attempt: 2, statusCode: nil, error: "timeout", retryAt: nil))
        #expect(try log.state().webhook == .gaveUp(attempt: 2, lastStatusCode: nil, lastError: "timeout",
                                                    at: last.occurredAt))
    }

    @Test("Retries that end in a delivery are delivered")
    func deliveredAfterRetries() throws {
        var log = Start.cancelled.log()
        log.append(Fixture.webhookFailed(attempt: 1, retryAt: Self.retryAt))
        log.append(Fixture.webhookFailed(attempt: 2, statusCode: 500, retryAt: Self.retryAt))
        let delivered = log.append(Fixture.webhookDelivered(attempt: 3, statusCode: 200))
        #expect(try log.state().webhook == .delivered(attempt: 3, statusCode: 200, at: delivered.occurredAt))
    }

    enum Result: Sendable, CustomStringConvertible {
        case delivered(Int)
        case retry(Int)
        case giveUp(Int)

        var payload: any JobEventPayload {
            switch self {
            case .delivered(let attempt): Fixture.webhookDelivered(attempt: attempt)
            case .retry(let attempt): Fixture.webhookFailed(attempt: attempt, retryAt: WebhookDeliveryTests.retryAt)
            case .giveUp(let attempt): Fixture.webhookFailed(attempt: attempt, retryAt: nil)
            }
        }

        var description: String {
            switch self {
            case .delivered(let attempt): "delivered #\(attempt)"
            case .retry(let attempt): "retry #\(attempt)"
            case .giveUp(let attempt): "give up #\(attempt)"
            }
        }
    }

    struct Ordering: Sendable, CustomTestStringConvertible {
        var results: [Result]
        /// Whether each result applies.
        var applied: [Bool]
        /// The result the final state comes from.
        var final: Int

        var testDescription: String { results.map(\.description).joined(separator: ", ") }
    }

    /// Results are ordered by attempt, whatever order the log has them in.
    @Test("Result ordering", arguments: [
        // An older attempt's result arriving late does not overwrite a newer one.
        Ordering(results: [.retry(2), .retry(1)], applied: [true, false], final: 0),
        Ordering(results: [.giveUp(2), .retry(1)], applied: [true, false], final: 0),
        Ordering(results: [.giveUp(2), .delivered(1)], applied: [true, false], final: 0),
        // Once delivered, a late failure of that attempt or an older one cannot undo it.
        Ordering(results: [.retry(1), .delivered(2), .retry(1)], applied: [true, true, false], final: 1),
        Ordering(results: [.delivered(2), .giveUp(1)], applied: [true, false], final: 0),
        Ordering(results: [.delivered(1), .retry(1)], applied: [true, false], final: 0),
        Ordering(results: [.delivered(1), .giveUp(1)], applied: [true, false], final: 0),
        // Within an attempt a delivery beats a failure, in either order.
        Ordering(results: [.retry(1), .delivered(1)], applied: [true, true], final: 1),
        // The first result of an attempt stays; a second failure of the same attempt changes nothing.
        Ordering(results: [.retry(1), .giveUp(1)], applied: [true, false], final: 0),
        // A later attempt supersedes an earlier one, even a delivered one (a re-delivery).
        Ordering(results: [.delivered(1), .retry(2)], applied: [true, true], final: 1),
        Ordering(results: [.retry(1), .retry(2), .giveUp(3)], applied: [true, true, true], final: 2),
    ])
    func ordering(_ ordering: Ordering) throws {
        var log = Start.completed.log()
        var state = try log.state()
        let envelopes = ordering.results.map { log.make($0.payload) }
        let outcomes = apply(envelopes, to: &state)
        #expect(outcomes == ordering.applied.map { $0 ? .applied : .ignored(.staleWebhookAttempt) })

        var alone = try Start.completed.log().state()
        alone.apply(envelopes[ordering.final])
        #expect(state.webhook == alone.webhook)
        #expect(state.phase == .completed)
    }

    @Test("Webhook results apply before the job is terminal too")
    func beforeTerminal() throws {
        var log = Start.running.log()
        #expect(try log.state().webhook == .pending)
        let delivered = log.append(Fixture.webhookDelivered(attempt: 1))
        let state = try log.state()
        #expect(state.webhook == .delivered(attempt: 1, statusCode: 204, at: delivered.occurredAt))
        #expect(state.phase == .running)
    }
}
