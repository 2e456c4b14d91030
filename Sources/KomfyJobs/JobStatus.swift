/// A job's status as clients see it, in cmfy.cloud's vocabulary: `queued → running → completed | failed |
/// cancelled`. The detailed view shows the finer `JobPhase`; `JobPhase.status` maps one onto the other.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case running
    case completed
    case failed
    case cancelled

    /// Completed, failed and cancelled jobs never change status again.
    public var isTerminal: Bool {
        switch self {
        case .queued, .running: false
        case .completed, .failed, .cancelled: true
        }
    }
}
