import Foundation

/// What `komfy bench ingest --ladder` measured: each rung's runs (one per round), and the table of
/// their medians with what each step added to the rung before it.
struct CostLadderResult {
    struct Rung {
        /// `POST /bench/ladder/check`
        var name: String
        /// What the rung does beyond the one before it.
        var adds: String
        /// One run per round, in round order.
        var results: [LoadResult] = []

        var medianRate: Double? { Percentile.median(results.map(\.acceptedPerSecond)) }
        var medianCPU: Double? { Percentile.median(results.compactMap(\.cpuMicrosecondsPerRequest)) }
        var medianBrokerCPU: Double? { Percentile.median(results.compactMap(\.brokerCPUMicrosecondsPerRequest)) }
        var errors: Int { results.reduce(0) { $0 + $1.errors } }
    }

    var rungs: [Rung]

    /// CPU per request each rung added to the one before it (median against median); nil for the
    /// first rung and where either median is missing.
    var stepCPU: [Double?] {
        rungs.indices.map { index in
            guard index > 0, let cpu = rungs[index].medianCPU, let before = rungs[index - 1].medianCPU else { return nil }
            return cpu - before
        }
    }

    var text: [String] {
        guard let rounds = rungs.first?.results.count, rounds > 0 else { return [] }
        var lines = [
            "Cost ladder: each rung does one step more than the one above it, on the same server and producer;",
            "medians of \(rounds) round\(rounds == 1 ? "" : "s") (every rung once per round), the range of the rate in brackets.",
            "  " + "rung".padding(toLength: 30, withPad: " ", startingAt: 0) + "adds".padding(toLength: 48, withPad: " ", startingAt: 0)
                + Self.column("peak/s", 9) + Self.column("range", 18) + Self.column("Komfy CPU", 11) + Self.column("step", 9)
                + Self.column("broker CPU", 12) + Self.column("errors", 8),
        ]
        for (rung, step) in zip(rungs, stepCPU) {
            let rates = rung.results.map(\.acceptedPerSecond)
            let range = rates.isEmpty ? "" : "[\(KafkaBenchCommand.format(rates.min()!))-\(KafkaBenchCommand.format(rates.max()!))]"
            lines.append("  " + rung.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                         + rung.adds.padding(toLength: 48, withPad: " ", startingAt: 0)
                         + Self.column(rung.medianRate.map(KafkaBenchCommand.format) ?? "-", 9) + Self.column(range, 18)
                         + Self.column(rung.medianCPU.map(Self.microseconds) ?? "", 11)
                         + Self.column(step.map { String(format: "%+.0f µs", $0) } ?? "", 9)
                         + Self.column(rung.medianBrokerCPU.map(Self.microseconds) ?? "", 12)
                         + Self.column("\(rung.errors)", 8))
        }
        return lines + [""]
    }

    private static func microseconds(_ value: Double) -> String { String(format: "%.0f µs", value) }

    private static func column(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
