import Foundation
import Hummingbird
import KomfyEvents
import KomfyJobs
import KomfyKafka
import KomfyRuntime

/// Routes that do a growing part of a submission's work, for `komfy bench ingest --ladder` only
/// (`IngestConfiguration.costLadderTopic`; never on in a deployment). Each rung adds one step to the
/// one before, on the same server, middleware and producer as `POST /v1/jobs`, so the differences
/// between their rates say what each step costs on this machine:
///
/// - `POST /bench/ladder/read`: read the JSON body (the 415/413 checks), answer a fixed 202.
/// - `POST /bench/ladder/check`: + parse and check it as a submission, build and encode the
///   `JobSubmitted` record, encode the answer (everything but the broker).
/// - `POST /bench/ladder/produce`: + hand the record to the producer and wait for the broker's
///   acknowledgement (to the ladder's own topic, which the read model does not read).
/// - `POST /v1/bench/ladder/produce`: + authentication and the rate limits (`/v1`'s middleware).
///
/// `POST /v1/jobs` itself adds the rest: the activity board, idempotency lookups and the read model
/// reading the event back.
struct CostLadderController: Sendable {
    /// Ingest's own submitter, with the ladder's topic: the rungs build their records as `submit` does.
    let submitter: JobSubmitter
    let maxBodyBytes: Int

    func register(on router: Router<IngestRequestContext>, v1: RouterGroup<IngestRequestContext>, routes: RouteTable) {
        for rung in CostLadderRung.all { routes.add(.post, rung.path) }
        router.post(RouterPath(CostLadderRung.read.path)) { request, _ in
            var request = request
            _ = try await JobsController.jsonBody(of: &request, limit: maxBodyBytes)
            return JSONResponse.make(status: .accepted, json: Self.fixedAnswer)
        }
        router.post(RouterPath(CostLadderRung.check.path)) { request, context in
            let (_, answer) = try await checked(request, context: context)
            return answer
        }
        router.post(RouterPath(CostLadderRung.produce.path)) { request, context in
            try await produced(request, context: context)
        }
        v1.post(RouterPath(String(CostLadderRung.authorizedProduce.path.dropFirst("/v1/".count)))) { request, context in
            _ = try context.caller
            return try await produced(request, context: context)
        }
    }

    /// The shape of a 202 without computing it.
    private static let fixedAnswer = Data(
        #"{"job_id":"00000000-0000-4000-8000-000000000000","status":"queued","queue_position":1,"estimated_wait_seconds":0}"#.utf8)

    /// The `check` rung: the record a submission would append and the 202 it would get.
    private func checked(_ request: Request, context: IngestRequestContext) async throws -> (KafkaOutgoingRecord, Response) {
        var request = request
        let body = try await JobsController.jsonBody(of: &request, limit: maxBodyBytes)
        let submission = try SubmitRequest.parse(body)
        let submitted = JobSubmitter.submitted(submission, tenant: "bench", apiKeyID: "bench", plan: "enterprise",
                                               idempotencyKey: nil, requestID: context.requestID, source: .http, clientID: nil)
        let envelope = submitter.envelope(of: submitted, jobID: submitter.jobIDs.next())
        let record = try JobEventRecord.make(envelope, topic: submitter.topic)
        guard let state = JobState(submission: envelope) else { preconditionFailure("a JobSubmitted always starts a state") }
        let answer = JSONResponse.make(status: .accepted, json: JobView.accepted(StoredJob(state), position: 1, waitSeconds: 0).json)
        return (record, answer)
    }

    private func produced(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let (record, answer) = try await checked(request, context: context)
        _ = try await submitter.producer.send(record)
        return answer
    }
}

/// One rung of the cost ladder: a route of `CostLadderController` and the step it adds.
public struct CostLadderRung: Sendable, Hashable {
    public var path: String
    /// What the rung does beyond the one before it, for the bench's table.
    public var adds: String

    public static let read = CostLadderRung(path: "/bench/ladder/read", adds: "read the JSON body, fixed answer")
    public static let check = CostLadderRung(path: "/bench/ladder/check", adds: "+ parse, check, encode event and answer")
    public static let produce = CostLadderRung(path: "/bench/ladder/produce", adds: "+ produce, wait for the broker's ack")
    public static let authorizedProduce = CostLadderRung(path: "/v1/bench/ladder/produce", adds: "+ authentication and rate limits")

    /// The rungs, cheapest first.
    public static let all = [read, check, produce, authorizedProduce]
}
