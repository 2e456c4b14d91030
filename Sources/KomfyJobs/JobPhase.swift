/// Where a job is in the pipeline (DESIGN.md section 4): finer than `JobStatus`, for the detailed view and
/// for the stages deciding what to do next.
///
/// DESIGN.md lists `submitted` and `validating` as two phases, but they are the same point in the log:
/// right after `JobSubmitted` the job waits for the validator, and no event can come between the two.
/// So there is no separate submitted phase; a job starts in `validating`.
public enum JobPhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// Submitted; waiting for the validator's `JobValidated` or `JobRejected`.
    case validating
    /// Validated; waiting for the model-fetcher's `JobModelsReady`.
    case fetchingModels = "fetching_models"
    /// Every model is in the store; waiting for an executor to claim `JobState.nextAttempt`.
    case ready
    /// An executor holds the claim of the current attempt but has not started ComfyUI yet.
    case claimed
    /// ComfyUI is executing the graph of the current attempt.
    case running
    /// The graph ran; the uploader is publishing the staged outputs.
    case uploading
    case completed
    case failed
    case cancelled

    /// The public status: everything before the run is `queued`, running and uploading are `running`.
    public var status: JobStatus {
        switch self {
        case .validating, .fetchingModels, .ready, .claimed: .queued
        case .running, .uploading: .running
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        }
    }

    public var isTerminal: Bool { status.isTerminal }

    /// The phases in which an executor holds the lease of the current attempt and must keep renewing it.
    public var holdsLease: Bool { self == .claimed || self == .running }
}
