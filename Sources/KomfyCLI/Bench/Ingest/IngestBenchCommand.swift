import ArgumentParser
import Foundation
import KomfyIngest
import KomfyRuntime
import Logging

/// `komfy bench ingest`: Komfy's `POST /v1/jobs` against ComfyUI's own `POST /prompt` with the same
/// workflow, and against Komfy's trivial `/healthz` (the ceiling of the HTTP stack), in one run.
struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Submit the seed workflow to Komfy's POST /v1/jobs and to ComfyUI's POST /prompt under the same load; print both, /healthz as the ceiling, and the ratios.")

    @Option(name: .long, help: "Seconds of each measured run (each comes after a warm-up of a fifth of it, at least 1 s).")
    var duration: Int = 10

    @Option(name: .long, help: ArgumentHelp(
        "Concurrent keep-alive connections of the peak runs, a comma-separated list; every target runs at each and its best counts.",
        discussion: "Each submission waits for the broker's acknowledgement, so at few connections the rate is set by the broker's round trip, not by the server: a peak is the best over enough concurrency."))
    var connections: String = "16,64,256"

    @Option(name: .long, help: "Most connections (threads) of the open-loop half-peak runs.")
    var maxRateConnections: Int = 512

    @Option(name: .long, help: "Run the open-loop rows at this rate (requests/s) instead of half the measured submit peak, to compare builds at one load.")
    var openLoopRate: Double?

    /// How often each connection of an open-loop run is due: 100 ms, several times a submission's p99.
    static let rateConnectionPeriod = 0.1

    /// `connections` as numbers.
    var connectionLevels: [Int] { connections.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    @Option(name: .long, help: "Kafka bootstrap servers; without it an embedded Tansu broker is started for the run.")
    var bootstrap: String?

    @Flag(name: .long, help: "Leave ComfyUI out (quick runs of the Komfy side).")
    var skipComfyui = false

    @Option(name: .long, help: "Drive this running ComfyUI (http://127.0.0.1:PORT) instead of starting one from the engine install.")
    var comfyuiURL: String?

    @Flag(name: .long, help: "Only the submit peak, for profiling (no /healthz ceiling, no half-peak run, no ComfyUI).")
    var onlySubmit = false

    @Flag(name: .long, help: ArgumentHelp(
        "Also measure the cost ladder: routes between /healthz and POST /v1/jobs that each add one step of a submission's work.",
        discussion: "Read the body; + parse, check and encode; + produce and wait for the broker; + authentication and limits. The peak and CPU per request of each rung say what each step costs on this machine."))
    var ladder = false

    @Option(name: .long, help: "Rounds of the cost ladder; each round runs every rung once, in order, and the table shows each rung's median.")
    var ladderRounds: Int = 3

    @Option(name: .long, help: "Connections of the cost ladder's runs (one count for all rungs, so they compare).")
    var ladderConnections: Int = 64

    @Option(name: .long, help: "The ingest producer's linger.ms (IngestConfiguration.producerLingerMs).")
    var producerLingerMs: Int = IngestConfiguration.defaultProducerLingerMs

    @Option(name: .long, help: "The ingest producer's zstd level (IngestConfiguration.producerCompressionLevel).")
    var producerCompressionLevel: Int?

    @Option(name: .long, help: "The read model's pause after a small batch once caught up (IngestConfiguration.readModelPacingMs).")
    var readModelPacingMs: Int64?

    @Option(name: .long, help: "Threads of ingest's HTTP event loops (IngestConfiguration.eventLoopThreads).")
    var eventLoopThreads: Int?

    @Option(name: .long, help: "How long new job ids share a partition; 0: random ids (IngestConfiguration.jobIDPartitionWindowMs).")
    var jobIDPartitionWindowMs: Int?

    @OptionGroup var kafka: KafkaPropertyOptions

    func validate() throws {
        guard duration >= 1 else { throw ValidationError("--duration must be at least 1 second") }
        guard !connectionLevels.isEmpty, connectionLevels.allSatisfy({ $0 >= 1 }),
              connectionLevels.count == connections.split(separator: ",").count else {
            throw ValidationError("--connections must be positive integers separated by commas, e.g. 16,64,256")
        }
        guard openLoopRate.map({ $0 > 0 }) ?? true else { throw ValidationError("--open-loop-rate must be positive") }
        guard ladderRounds >= 1, ladderConnections >= 1 else { throw ValidationError("--ladder-rounds and --ladder-connections must be at least 1") }
        guard maxRateConnections >= 1 else { throw ValidationError("--max-rate-connections must be at least 1") }
    }

    func run() async throws {
        // The servers' log handler, so the run measures what `komfy serve ingest` does per request.
        Console.bootstrapLogging(defaultLevel: .warning)
        let logger = Logger(label: "komfy.bench")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("komfy-bench-ingest-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let wrk = WrkLoad(tool: try WrkLoad.locate(), threads: 2, connections: connectionLevels[0], scratch: scratch)
        let warmUp = max(1, duration / 5)

        // ComfyUI first: it takes ~30 s to start, and its start must be over before anything is measured.
        var engine: ComfyUIBaseline?
        if !skipComfyui && !onlySubmit {
            if let comfyuiURL {
                engine = try await ComfyUIBaseline.attach(url: comfyuiURL)
                print("Using the running ComfyUI on 127.0.0.1:\(engine!.port) (checkpoint \(engine!.checkpoint))")
            } else {
                print("Starting ComfyUI from \(KomfyPaths().comfyUI.path) (--cpu, ~30 s) ...")
                engine = try await ComfyUIBaseline.start(scratch: scratch)
                print("  ComfyUI ready on 127.0.0.1:\(engine!.port) (log \(engine!.logFile?.path ?? ""))")
            }
        }
        defer { engine?.stop() }

        print(bootstrap.map { "Starting Komfy ingest in-process against \($0) ..." }
            ?? "Starting Tansu and Komfy ingest in-process ...")
        let komfy = try await InProcessIngest.start(bootstrap: bootstrap, scratch: scratch, ladder: ladder, logger: logger) { [self] ingest in
            ingest.producerLingerMs = producerLingerMs
            if let producerCompressionLevel { ingest.producerCompressionLevel = producerCompressionLevel }
            if let readModelPacingMs { ingest.readModelPacingMs = readModelPacingMs }
            if let jobIDPartitionWindowMs { ingest.jobIDPartitionWindowMs = jobIDPartitionWindowMs }
            if let eventLoopThreads { ingest.eventLoopThreads = eventLoopThreads }
            ingest.kafka.extraProperties.merge(kafka.properties) { _, given in given }
        }
        do {
            let report = try await measure(komfy: komfy, engine: engine, wrk: wrk, warmUp: warmUp)
            await komfy.stop()
            print(report.text)
        } catch {
            await komfy.stop()
            throw error
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    private func measure(komfy: InProcessIngest, engine: ComfyUIBaseline?, wrk: WrkLoad, warmUp: Int) async throws -> IngestBenchReport {
        let health = LoadTarget(name: "Komfy GET /healthz", port: komfy.port, method: "GET", path: "/healthz")
        let submit = LoadTarget(
            name: "Komfy POST /v1/jobs", port: komfy.port, method: "POST", path: "/v1/jobs",
            headers: [("Authorization", "Bearer \(komfy.secret)"), ("Content-Type", "application/json")],
            body: Array(BenchWorkflow.komfyBody.utf8))
        var report = IngestBenchReport(duration: duration, warmUp: warmUp, connections: connections, threads: wrk.threads,
                                       bodyBytes: submit.body.count)
        print("Measuring \(duration) s per target and connection count after \(warmUp) s of warm-up, wrk -t\(wrk.threads) -c\(connections):")

        if !onlySubmit {
            report.ceiling = try await peak(of: health, with: wrk) { wrk in
                try await measureKomfy(health, route: "/healthz", accepted: 200, komfy: komfy, wrk: wrk, warmUp: warmUp)
            }
        }
        report.submit = try await peak(of: submit, with: wrk) { wrk in
            try await measureKomfy(submit, route: "/v1/jobs", accepted: 202, komfy: komfy, wrk: wrk, warmUp: warmUp)
        }
        if onlySubmit { return report }
        if ladder {
            try await komfy.waitForReadModel()
            report.ladder = try await measureLadder(health: health, submit: submit, komfy: komfy, wrk: wrk, warmUp: warmUp)
        }

        try await komfy.waitForReadModel()
        let halfPeak = openLoopRate ?? report.submit!.acceptedPerSecond / 2
        report.halfPeakTarget = halfPeak
        report.rateGiven = openLoopRate != nil
        let rate = KafkaBenchCommand.format(halfPeak)
        // The same open-loop load on the trivial route: the latency the generator and the HTTP stack
        // add by themselves at this rate.
        // Each connection is due once per `rateConnectionPeriod` (at least as many connections as the
        // submit peak had, at most --max-rate-connections): a connection holds one request at a time,
        // so with a period near the answer time, one slow answer would make its connection late for
        // many of the next requests, a queue of the generator's, not of the server's.
        let rateConnections = min(maxRateConnections,
                                  max(report.submit!.connections ?? connectionLevels[0],
                                      Int((halfPeak * Self.rateConnectionPeriod).rounded(.up))))
        report.rateConnections = rateConnections
        let healthAtHalfPeak = ConstantRateLoad(connections: rateConnections, rate: halfPeak, acceptedStatus: 200)
        _ = try await healthAtHalfPeak.run(health, seconds: Double(warmUp))
        report.control = try await measureOpenLoop(healthAtHalfPeak, health, komfy: komfy)
        print("  \(IngestBenchReport.line("\(health.name) at \(rate)/s", report.control!))")
        let submitAtHalfPeak = ConstantRateLoad(connections: rateConnections, rate: halfPeak, acceptedStatus: 202)
        _ = try await submitAtHalfPeak.run(submit, seconds: Double(warmUp))
        // Ingest's own view of the same run: its answer times and the broker's acknowledgements.
        let bounds = ["0.02", "0.1"]
        let before = try bounds.map { try komfy.timedAnswers(method: "POST", route: "/v1/jobs", within: $0) }
        let acksBefore = try bounds.map { try komfy.acknowledgements(within: $0) }
        report.halfPeak = try await measureOpenLoop(submitAtHalfPeak, submit, komfy: komfy)
        let after = try bounds.map { try komfy.timedAnswers(method: "POST", route: "/v1/jobs", within: $0) }
        let acksAfter = try bounds.map { try komfy.acknowledgements(within: $0) }
        report.halfPeakServer = zip(before, after).map { ($1.within - $0.within, $1.all - $0.all) }
        report.halfPeakAcknowledgements = zip(acksBefore, acksAfter).map { ($1.within - $0.within, $1.all - $0.all) }
        print("  \(IngestBenchReport.line("\(submit.name) at \(rate)/s", report.halfPeak!))")
        try await komfy.waitForReadModel()

        if let engine {
            let prompt = LoadTarget(
                name: "ComfyUI POST /prompt", port: engine.port, method: "POST", path: "/prompt",
                headers: [("Content-Type", "application/json")],
                body: Array(BenchWorkflow.comfyUIBody(checkpoint: engine.checkpoint).utf8))
            try engine.probe(prompt)
            report.comfyUI = try await peak(of: prompt, with: wrk) { wrk in
                _ = try await wrk.run(prompt, seconds: warmUp)
                let run = try await wrk.run(prompt, seconds: duration)
                // /prompt answers 200 when it queued the prompt and 400 when validation refused it; wrk
                // counts every answer outside 2xx/3xx.
                return LoadResult(requests: run.requests, seconds: run.seconds, p50: run.p50, p99: run.p99,
                                  accepted: run.requests - run.non2xx, errors: run.non2xx + run.socketErrors,
                                  connections: wrk.connections)
            }
        }
        return report
    }

    /// The cost ladder: /healthz, every rung of `CostLadderRung.all` and the real submit, one after
    /// the other in each of `--ladder-rounds` rounds, so a drift of the machine's speed spreads over
    /// all rungs instead of falling on one.
    private func measureLadder(health: LoadTarget, submit: LoadTarget, komfy: InProcessIngest, wrk base: WrkLoad,
                               warmUp: Int) async throws -> CostLadderResult {
        var rungs: [(target: LoadTarget, route: String, accepted: Int, adds: String)] = [
            (health, "/healthz", 200, "the HTTP stack's floor"),
        ]
        for rung in CostLadderRung.all {
            var target = submit
            target.name = "Komfy POST \(rung.path)"
            target.path = rung.path
            rungs.append((target, rung.path, 202, rung.adds))
        }
        rungs.append((submit, "/v1/jobs", 202, "+ activity board, read model (the real submit)"))
        var wrk = base
        wrk.threads = min(2, ladderConnections)
        wrk.connections = ladderConnections
        var ladder = CostLadderResult(rungs: rungs.map { .init(name: "\($0.target.method) \($0.target.path)", adds: $0.adds) })
        for round in 1...ladderRounds {
            print("Cost ladder, round \(round) of \(ladderRounds), \(ladderConnections) connections:")
            for (index, rung) in rungs.enumerated() {
                let result = try await measureKomfy(rung.target, route: rung.route, accepted: rung.accepted, komfy: komfy,
                                                    wrk: wrk, warmUp: warmUp)
                print("  \(IngestBenchReport.line(rung.target.name, result))")
                ladder.rungs[index].results.append(result)
                // The real submit's events are read back by the read model: let it finish before the next round.
                if rung.route == "/v1/jobs" { try await komfy.waitForReadModel() }
            }
        }
        return ladder
    }

    /// `measure` at every connection count of `--connections`, each printed; the best accepted rate
    /// is the target's peak.
    private func peak(of target: LoadTarget, with base: WrkLoad,
                      _ measure: (WrkLoad) async throws -> LoadResult) async throws -> LoadResult {
        var best: LoadResult?
        for level in connectionLevels {
            var wrk = base
            wrk.threads = min(2, level)
            wrk.connections = level
            let result = try await measure(wrk)
            print("  \(IngestBenchReport.line("\(target.name), \(level) conn.", result))")
            if best == nil || result.acceptedPerSecond > best!.acceptedPerSecond { best = result }
        }
        return best!
    }

    /// An open-loop run from the generator's child process, with Komfy's and the broker's CPU time
    /// per answered request.
    private func measureOpenLoop(_ load: ConstantRateLoad, _ target: LoadTarget, komfy: InProcessIngest) async throws -> LoadResult {
        let (run, cpu) = try await komfy.measuringCPU { try await load.run(target, seconds: Double(duration)) }
        return cpu.charged(to: run.requests, of: run)
    }

    /// A wrk warm-up, then the measured run; accepted answers are counted by ingest's own metrics,
    /// so a 200 where a 202 is due (or any other status) is an error, not a success.
    private func measureKomfy(_ target: LoadTarget, route: String, accepted status: Int, komfy: InProcessIngest,
                              wrk: WrkLoad, warmUp: Int) async throws -> LoadResult {
        _ = try await wrk.run(target, seconds: warmUp)
        let before = try komfy.answers(method: target.method, route: route)
        // wrk is another process and this one only waits for it: what this process used is Komfy's.
        let (run, cpu) = try await komfy.measuringCPU { try await wrk.run(target, seconds: duration) }
        let after = try komfy.answers(method: target.method, route: route)
        let delta = after.map { ($0.key, $0.value - before[$0.key, default: 0]) }
        let accepted = delta.filter { $0.0 == status }.reduce(0) { $0 + $1.1 }
        let others = delta.filter { $0.0 != status }.reduce(0) { $0 + $1.1 }
        let result = LoadResult(requests: run.requests, seconds: run.seconds, p50: run.p50, p99: run.p99,
                                accepted: accepted, errors: others + run.socketErrors, connections: wrk.connections)
        return cpu.charged(to: accepted + others, of: result)
    }
}
