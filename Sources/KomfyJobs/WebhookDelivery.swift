import KomfyEvents

/// Where the job's webhook stands, from the notifier's `WebhookDelivered` and `WebhookFailed` events.
///
/// Results are ordered by attempt number, not by log position: a later attempt supersedes an earlier
/// one, and an earlier attempt's result that arrives late (a slow response written after the retry)
/// changes nothing. Within one attempt a delivery beats a failure, so once an attempt is delivered a late
/// failure of that attempt or an older one cannot undo it.
public enum WebhookDelivery: Sendable, Hashable {
    /// The job has no webhook url: nothing will be sent.
    case notRequested
    /// The job has a webhook url and no attempt is recorded yet. The notifier sends it once the job is
    /// terminal, so before that this only means "will be sent".
    case pending
    /// The endpoint answered 2xx.
    case delivered(attempt: Int, statusCode: Int, at: Timestamp)
    /// The last attempt failed; the notifier tries again at `nextAttemptAt`.
    case retrying(attempt: Int, nextAttemptAt: Timestamp, lastStatusCode: Int?, lastError: String?)
    /// The last attempt failed and the notifier gave up: its `WebhookFailed` had no `next_attempt_at`.
    case gaveUp(attempt: Int, lastStatusCode: Int?, lastError: String?, at: Timestamp)

    /// The state before any attempt.
    init(webhookURL: String?) {
        self = webhookURL == nil ? .notRequested : .pending
    }

    init(_ delivered: WebhookDelivered, at time: Timestamp) {
        self = .delivered(attempt: delivered.attempt, statusCode: delivered.statusCode, at: time)
    }

    init(_ failed: WebhookFailed, at time: Timestamp) {
        if let next = failed.nextAttemptAt {
            self = .retrying(attempt: failed.attempt, nextAttemptAt: next, lastStatusCode: failed.statusCode,
                             lastError: failed.error)
        } else {
            self = .gaveUp(attempt: failed.attempt, lastStatusCode: failed.statusCode, lastError: failed.error,
                           at: time)
        }
    }

    /// The attempt the state comes from; nil before any attempt.
    public var attempt: Int? {
        switch self {
        case .notRequested, .pending: nil
        case .delivered(let attempt, _, _), .retrying(let attempt, _, _, _), .gaveUp(let attempt, _, _, _): attempt
        }
    }

    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    /// Whether the result of an attempt replaces this state (see the ordering rule above).
    func isSuperseded(by result: WebhookDelivery) -> Bool {
        guard let incoming = result.attempt else { return false }
        guard let current = attempt else { return true }
        if incoming != current { return incoming > current }
        return result.isDelivered && !isDelivered
    }
}
