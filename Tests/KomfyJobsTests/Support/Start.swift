import KomfyEvents
import KomfyJobs
import Testing

/// Named points in a job's life that tests start from, each reached by a short valid log in which
/// `exec-a` holds attempt 1 whenever an attempt is claimed.
enum Start: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case validating
    case fetchingModels
    case ready
    case claimed
    case running
    case uploading
    case completed
    case failed
    case cancelled
    /// Attempt 1 of `exec-a` expired: attempt 2 is claimable.
    case readyAfterExpiry
    /// Attempts 1 to 3 expired: nothing is claimable any more.
    case exhausted

    /// The phase the log reaches.
    var phase: JobPhase {
        switch self {
        case .validating: .validating
        case .fetchingModels: .fetchingModels
        case .ready, .readyAfterExpiry, .exhausted: .ready
        case .claimed: .claimed
        case .running: .running
        case .uploading: .uploading
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        }
    }

    func log(webhookURL: String? = Fixture.webhookURL) -> JobLog {
        var log = JobLog()
        log.reach(self, webhookURL: webhookURL)
        return log
    }

    var testDescription: String { rawValue }
}

extension JobLog {
    /// Appends the events that take a new job to `start`.
    mutating func reach(_ start: Start, webhookURL: String? = Fixture.webhookURL) {
        switch start {
        case .validating:
            append(Fixture.submitted(webhookURL: webhookURL))
        case .fetchingModels:
            reach(.validating, webhookURL: webhookURL)
            append(Fixture.validated)
        case .ready:
            reach(.fetchingModels, webhookURL: webhookURL)
            append(Fixture.modelsReady)
        case .claimed:
            reach(.ready, webhookURL: webhookURL)
            append(Fixture.claimed())
        case .running:
            reach(.claimed, webhookURL: webhookURL)
            append(Fixture.started())
            append(NodeExecuting(attempt: 1, nodeID: "3", classType: "KSampler"))
        case .uploading:
            reach(.running, webhookURL: webhookURL)
            append(Fixture.executed())
        case .completed:
            reach(.uploading, webhookURL: webhookURL)
            append(Fixture.completed)
        case .failed:
            reach(.running, webhookURL: webhookURL)
            append(JobFailed(stage: .executor, attempt: 1, error: Fixture.oom))
        case .cancelled:
            reach(.ready, webhookURL: webhookURL)
            append(JobCancelRequested(by: "key-1"))
        case .readyAfterExpiry:
            reach(.claimed, webhookURL: webhookURL)
            append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        case .exhausted:
            reach(.ready, webhookURL: webhookURL)
            for attempt in 1...JobState.maxAttempts {
                append(Fixture.claimed("exec-\(attempt)", attempt: attempt))
                append(JobLeaseExpired(attempt: attempt, executorID: "exec-\(attempt)"))
            }
        }
    }
}
