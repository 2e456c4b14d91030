import Foundation

/// What `komfy bench ingest` measured and how it compares with the goals of the issue.
struct IngestBenchReport {
    var duration: Int
    var warmUp: Int
    /// The connection counts of the peak runs, as given (`16,64,256`).
    var connections: String
    var threads: Int
    /// Connections (threads) of the open-loop half-peak runs.
    var rateConnections: Int?
    var bodyBytes: Int
    var ceiling: LoadResult?
    var submit: LoadResult?
    var comfyUI: LoadResult?
    /// The cost ladder (`--ladder`).
    var ladder: CostLadderResult?
    var halfPeak: LoadResult?
    var halfPeakTarget: Double = 0
    /// The open-loop rate was given (`--open-loop-rate`), not half the measured peak.
    var rateGiven = false
    /// The open-loop load of `halfPeak` on `/healthz`: what the generator and HTTP stack add.
    var control: LoadResult?
    /// Submissions of the half-peak run that ingest itself answered within 20 ms and 100 ms, of all
    /// it answered.
    var halfPeakServer: [(within: Int, all: Int)] = []
    /// The same for the broker's acknowledgements of those submissions.
    var halfPeakAcknowledgements: [(within: Int, all: Int)] = []

    static let submitOverComfyUIGoal = 40.0
    static let submitOverCeilingGoal = 0.5
    static let halfPeakP99Goal = 20.0

    /// One result as a progress line and a table row.
    static func line(_ name: String, _ result: LoadResult) -> String {
        name.padding(toLength: 42, withPad: " ", startingAt: 0)
            + column(KafkaBenchCommand.format(result.acceptedPerSecond), 12)
            + column(milliseconds(result.p50), 11) + column(milliseconds(result.p99), 11)
            + column(KafkaBenchCommand.format(Double(result.accepted)), 11) + column(KafkaBenchCommand.format(Double(result.errors)), 8)
            + column(result.cpuMicrosecondsPerRequest.map { String(format: "%.0f µs", $0) } ?? "", 12)
            + column(result.brokerCPUMicrosecondsPerRequest.map { String(format: "%.0f µs", $0) } ?? "", 12)
    }

    var text: String {
        var lines = [
            "",
            "Seed workflow (\(bodyBytes) bytes); peak = the best of wrk -t\(threads) runs with \(connections) connections, \(duration) s each after \(warmUp) s of warm-up;",
            "the fixed rate is open-loop from a child process (latency from each request's due time)\(rateConnections.map { " over \($0) connections" } ?? ""). Accepted: 202 for /v1/jobs, 200 otherwise.",
            "Komfy CPU: CPU time of the in-process Komfy (HTTP, Kafka client, read model) per request, under load;",
            "broker CPU: the embedded Tansu's, per request of the same run (empty with --bootstrap).",
            "",
            "  " + "target".padding(toLength: 42, withPad: " ", startingAt: 0) + Self.column("accepted/s", 12)
                + Self.column("p50", 11) + Self.column("p99", 11) + Self.column("accepted", 11) + Self.column("errors", 8)
                + Self.column("Komfy CPU", 12) + Self.column("broker CPU", 12),
        ]
        if let ceiling { lines.append("  " + Self.line("Komfy GET /healthz (ceiling\(Self.at(ceiling)))", ceiling)) }
        if let submit { lines.append("  " + Self.line("Komfy POST /v1/jobs (peak\(Self.at(submit)))", submit)) }
        let rate = KafkaBenchCommand.format(halfPeakTarget)
        if let control { lines.append("  " + Self.line("Komfy GET /healthz at \(rate)/s (control)", control)) }
        if let halfPeak { lines.append("  " + Self.line("Komfy POST /v1/jobs at \(rate)/s (half peak)", halfPeak)) }
        if let comfyUI { lines.append("  " + Self.line("ComfyUI POST /prompt (peak\(Self.at(comfyUI)))", comfyUI)) }
        lines.append("")
        lines += ladder?.text ?? []
        guard let submit else { return lines.joined(separator: "\n") }
        if let comfyUI, comfyUI.acceptedPerSecond > 0 {
            let ratio = submit.acceptedPerSecond / comfyUI.acceptedPerSecond
            lines.append(Self.goal("Komfy submit / ComfyUI /prompt", String(format: "%.1fx", ratio),
                                   "goal >= \(Int(Self.submitOverComfyUIGoal))x", ratio >= Self.submitOverComfyUIGoal))
        } else {
            lines.append(Self.goal("Komfy submit / ComfyUI /prompt", "-", "not measured (--skip-comfyui)", nil))
        }
        if let ceiling, ceiling.acceptedPerSecond > 0 {
            let ratio = submit.acceptedPerSecond / ceiling.acceptedPerSecond
            lines.append(Self.goal("Komfy submit / Komfy /healthz", String(format: "%.2f", ratio),
                                   "goal >= \(Self.submitOverCeilingGoal)", ratio >= Self.submitOverCeilingGoal))
        }
        if let halfPeak {
            let achieved = halfPeak.acceptedPerSecond / max(halfPeakTarget, 1)
            let met = halfPeak.p99 <= Self.halfPeakP99Goal && achieved >= 0.95
            let share = "\(String(format: "%.0f", achieved * 100))% of the rate achieved"
            if rateGiven {
                lines.append(Self.goal("p99 at the given rate", Self.milliseconds(halfPeak.p99),
                                       "(--open-loop-rate, not the goal's half peak; \(share))", nil))
            } else {
                lines.append(Self.goal("p99 at half of Komfy's peak", Self.milliseconds(halfPeak.p99),
                                       "goal <= \(Int(Self.halfPeakP99Goal)) ms (\(share))", met))
            }
            if let shares = Self.shares(halfPeakServer) {
                lines.append("    ingest's own timing of the same run (request in to response out): \(shares)")
            }
            if let shares = Self.shares(halfPeakAcknowledgements) {
                lines.append("    the broker's acknowledgements of those submissions (komfy_ingest_submission_ack_seconds): \(shares)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "97.6% within 20 ms, 99.5% within 100 ms" from counts at those two bounds.
    private static func shares(_ counts: [(within: Int, all: Int)]) -> String? {
        guard counts.count == 2, counts.allSatisfy({ $0.all > 0 }) else { return nil }
        return zip(counts, ["20 ms", "100 ms"]).map { count, bound in
            String(format: "%.1f%% within ", Double(count.within) / Double(count.all) * 100) + bound
        }.joined(separator: ", ")
    }

    private static func at(_ result: LoadResult) -> String {
        result.connections.map { ", \($0) conn." } ?? ""
    }

    private static func goal(_ name: String, _ value: String, _ goal: String, _ met: Bool?) -> String {
        "  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + value.padding(toLength: 10, withPad: " ", startingAt: 0)
            + goal + (met.map { $0 ? "  ✓" : "  ✗" } ?? "")
    }

    private static func column(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }

    static func milliseconds(_ value: Double) -> String {
        value.isNaN ? "-" : value < 10 ? String(format: "%.2f ms", value) : String(format: "%.1f ms", value)
    }
}
