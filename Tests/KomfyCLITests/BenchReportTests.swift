import Foundation
import Testing

@testable import KomfyCLI

@Suite("komfy bench ingest: reading wrk, and the report's arithmetic")
struct BenchReportTests {
    /// wrk 4.1's output of a real run (`wrk -t1 -c2 -d1s --latency` against a server answering 404),
    /// with a socket-errors line as wrk prints it when there were any.
    static let wrkOutput = """
        Running 1s test @ http://127.0.0.1:18765/nonexistent
          1 threads and 2 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     6.89ms    5.71ms  29.90ms   71.59%
            Req/Sec   311.80    135.07   530.00     80.00%
          Latency Distribution
             50%    5.43ms
             75%   10.04ms
             90%   14.40ms
             99%   24.03ms
          312 requests in 1.01s, 158.62KB read
          Socket errors: connect 1, read 2, write 0, timeout 3
          Non-2xx or 3xx responses: 312
        Requests/sec:    310.44
        Transfer/sec:    157.82KB
        """

    @Test("wrk's report: requests, seconds, p50 and p99 in milliseconds, non-2xx answers and socket errors")
    func parsesWrk() throws {
        let report = try #require(WrkLoad.parse(Self.wrkOutput))
        #expect(report.requests == 312)
        #expect(abs(report.seconds - 1.01) < 1e-9)
        #expect(abs(report.p50 - 5.43) < 1e-9)
        #expect(abs(report.p99 - 24.03) < 1e-9)
        #expect(report.non2xx == 312)
        #expect(report.socketErrors == 6)
    }

    @Test("a report without its latency distribution is not a report (wrk ran without --latency, or failed)")
    func incompleteWrk() {
        let truncated = Self.wrkOutput.split(separator: "\n").filter { !$0.contains("99%") }.joined(separator: "\n")
        #expect(WrkLoad.parse(truncated) == nil)
        #expect(WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused") == nil)
    }

    @Test("wrk's time units", arguments: [("512.00us", 0.512), ("2.31ms", 2.31), ("1.50s", 1500.0), ("2.00m", 120_000.0), ("1.00h", 3_600_000.0)])
    func units(text: String, milliseconds: Double) throws {
        #expect(abs(try #require(WrkLoad.milliseconds(text)) - milliseconds) < 1e-6)
    }

    @Test("nearest-rank percentiles; none of nothing")
    func percentiles() {
        let sorted = (1...100).map(Double.init)
        #expect(Percentile.of(sorted, 0.5) == 50)
        #expect(Percentile.of(sorted, 0.99) == 99)
        #expect(Percentile.of(sorted, 1) == 100)
        #expect(Percentile.of([7], 0.99) == 7)
        #expect(Percentile.of([], 0.5).isNaN)
    }

    static func result(rate: Double, cpu: Double?, broker: Double? = nil, errors: Int = 0) -> LoadResult {
        var result = LoadResult(requests: Int(rate) * 2 + errors, seconds: 2, p50: 1, p99: 2, accepted: Int(rate) * 2, errors: errors)
        result.cpuMicrosecondsPerRequest = cpu
        result.brokerCPUMicrosecondsPerRequest = broker
        return result
    }

    @Test("the ladder's medians (odd and even counts), each step's CPU against the rung above, and errors summed over rounds")
    func ladderArithmetic() {
        var ladder = CostLadderResult(rungs: [
            .init(name: "GET /healthz", adds: "floor"),
            .init(name: "POST /a", adds: "+ a"),
            .init(name: "POST /b", adds: "+ b"),
        ])
        ladder.rungs[0].results = [Self.result(rate: 30_000, cpu: 40), Self.result(rate: 10_000, cpu: 70), Self.result(rate: 20_000, cpu: 50)]
        ladder.rungs[1].results = [Self.result(rate: 9_000, cpu: 130), Self.result(rate: 3_000, cpu: 160), Self.result(rate: 6_000, cpu: 150)]
        // A rung whose CPU was not measured in one round: the median of the rounds that have it.
        ladder.rungs[2].results = [Self.result(rate: 4_000, cpu: 200, errors: 2), Self.result(rate: 2_000, cpu: nil, errors: 1),
                                   Self.result(rate: 3_000, cpu: 240)]
        #expect(ladder.rungs[0].medianRate == 20_000)
        #expect(ladder.rungs[0].medianCPU == 50)
        #expect(ladder.rungs[1].medianCPU == 150)
        #expect(ladder.rungs[2].medianCPU == 220)
        #expect(ladder.rungs[2].errors == 3)
        #expect(ladder.stepCPU == [nil, 100, 70])
        #expect(Percentile.median([]) == nil)
        #expect(Percentile.median([4, 1, 3, 2]) == 2.5)

        let text = ladder.text.joined(separator: "\n")
        #expect(text.contains("medians of 3 rounds"))
        let rowB = ladder.text.first { $0.contains("POST /b") }
        #expect(rowB?.contains("[2,000-4,000]") == true, "\(rowB ?? "")")
        #expect(rowB?.contains("+70 µs") == true, "\(rowB ?? "")")
        #expect(CostLadderResult(rungs: []).text.isEmpty)
    }

    @Test("the goals: met and missed are told apart, and a baseline left out is said to be")
    func goals() {
        var report = IngestBenchReport(duration: 4, warmUp: 1, connections: "64", threads: 2, bodyBytes: 974)
        report.ceiling = Self.result(rate: 30_000, cpu: 44)
        report.submit = Self.result(rate: 16_000, cpu: 90)
        report.comfyUI = Self.result(rate: 500, cpu: nil)
        var halfPeak = Self.result(rate: 8_000, cpu: 100)
        halfPeak.p99 = 25
        report.halfPeak = halfPeak
        report.halfPeakTarget = 8_000
        let lines = report.text.split(separator: "\n")
        let comfy = lines.first { $0.contains("Komfy submit / ComfyUI /prompt") }
        let ceiling = lines.first { $0.contains("Komfy submit / Komfy /healthz") }
        let p99 = lines.first { $0.contains("p99 at half of Komfy's peak") }
        #expect(comfy?.contains("32.0x") == true && comfy?.hasSuffix("✗") == true, "\(comfy ?? "")")
        #expect(ceiling?.contains("0.53") == true && ceiling?.hasSuffix("✓") == true, "\(ceiling ?? "")")
        #expect(p99?.contains("25.0 ms") == true && p99?.hasSuffix("✗") == true, "\(p99 ?? "")")

        report.comfyUI = nil
        let skipped = report.text.split(separator: "\n").first { $0.contains("Komfy submit / ComfyUI /prompt") }
        #expect(skipped?.contains("not measured") == true)
    }
}
