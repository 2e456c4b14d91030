import Foundation
import HTTPTypes
import Hummingbird
import KomfyEvents
import KomfyJobs

/// cmfy.cloud's job API (seeds 000 and 001): submit, read, list, cancel, and the job's events as SSE.
/// Every route is behind `AuthenticationMiddleware`; a tenant only ever sees its own jobs (another
/// tenant's job is a 404, not a 403, so ids cannot be probed).
struct JobsController: Sendable {
    let submitter: JobSubmitter
    let store: JobStore
    let board: ActivityBoard
    let feed: JobEventFeed
    let metrics: IngestMetrics
    let maxBodyBytes: Int
    let executors: @Sendable () -> Int
    let defaultExecutionSeconds: Double

    func register(on group: RouterGroup<IngestRequestContext>, routes: RouteTable) {
        routes.add(.post, "/v1/jobs")
        routes.add(.get, "/v1/jobs")
        routes.add(.get, "/v1/jobs/:id")
        routes.add(.delete, "/v1/jobs/:id")
        routes.add(.post, "/v1/jobs/:id/cancel")
        routes.add(.get, "/v1/jobs/:id/events")
        group.post("jobs", use: submit)
        group.get("jobs", use: list)
        group.get("jobs/:id", use: show)
        group.delete("jobs/:id", use: cancel)
        group.post("jobs/:id/cancel", use: cancel)
        group.get("jobs/:id/events", use: JobEventStream(store: store, feed: feed, ownJob: ownJob).respond)
    }

    // MARK: POST /v1/jobs

    @Sendable func submit(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let key = try context.caller
        var request = request
        let body = try await Self.jsonBody(of: &request, limit: maxBodyBytes)
        let idempotencyKey = try Self.idempotencyKey(request)
        let submitRequest = try SubmitRequest.parse(body)
        let position = board.estimate(priority: submitRequest.priority, executors: executors(),
                                      defaultExecutionSeconds: defaultExecutionSeconds)
        switch try await submitter.submit(submitRequest, by: key, idempotencyKey: idempotencyKey,
                                          requestID: context.requestID, source: .http) {
        case .accepted(let job):
            metrics.jobsSubmitted(source: "http")
            return JSONResponse.make(status: .accepted, json: JobView.accepted(job, position: position.position,
                                                                                waitSeconds: position.waitSeconds).json)
        case .repeated(let job):
            let queue = try queueEstimate(of: job)
            let headers: HTTPFields = [.idempotentReplayed: "true"]
            return JSONResponse.make(status: .accepted, json: JobView.accepted(
                job, position: queue?.position ?? 0, waitSeconds: queue?.waitSeconds ?? 0).json, headers: headers)
        }
    }

    /// The body of a JSON request: 415 for another content type, 413 above the limit (checked on the
    /// declared length first, so a huge upload is refused before it is read).
    static func jsonBody(of request: inout Request, limit: Int) async throws -> Data {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/") && contentType.contains("+json") else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type",
                           "Send the body as JSON with 'Content-Type: application/json'\(contentType.isEmpty ? "" : " (got '\(contentType)')").")
        }
        let tooLarge = APIError(.contentTooLarge, "payload_too_large",
                                "The request body is larger than \(limit) bytes; reference large inputs by URL instead of inlining them.")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        do {
            return Data(buffer: try await request.collectBody(upTo: limit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    static func idempotencyKey(_ request: Request) throws(APIError) -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard !key.isEmpty, key.utf8.count <= 255, key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw APIError(.badRequest, "invalid_idempotency_key", "The Idempotency-Key header must be 1-255 printable ASCII characters.")
        }
        return key
    }

    // MARK: GET /v1/jobs/{id}

    @Sendable func show(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let job = try ownJob(context)
        return JSONResponse.make(body: JobView(job, queue: try queueEstimate(of: job)))
    }

    /// The caller's job named by the `id` parameter, from the store or, right after its 202, from
    /// this instance's pending submissions.
    @Sendable func ownJob(_ context: IngestRequestContext) throws -> StoredJob {
        let key = try context.caller
        let id = context.parameters.get("id") ?? ""
        guard let jobID = UUID(uuidString: id), let job = try board.pendingJob(jobID) ?? store.job(jobID),
              job.tenant == key.tenant else {
            throw APIError.jobNotFound(id)
        }
        return job
    }

    func queueEstimate(of job: StoredJob) throws -> (position: Int, waitSeconds: Int)? {
        guard job.status == .queued else { return nil }
        let position = try store.queuedAhead(priority: job.priority, createdAt: job.createdAt, excluding: job.jobID) + 1
        return (position, board.waitSeconds(position: position, executors: executors(),
                                            defaultExecutionSeconds: defaultExecutionSeconds))
    }

    // MARK: GET /v1/jobs

    @Sendable func list(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let key = try context.caller
        let query = request.uri.queryParameters
        var status: JobStatus?
        if let text = query["status"] {
            guard let parsed = JobStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, "invalid_request",
                               "Unknown status '\(text)'; use one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            status = parsed
        }
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...100).contains(value) else {
                throw APIError(.badRequest, "invalid_request", "'limit' must be an integer from 1 to 100.")
            }
            limit = value
        }
        var cursor: JobCursor?
        if let text = query["cursor"] {
            guard let parsed = JobCursor(token: String(text)) else {
                throw APIError(.badRequest, "invalid_cursor", "The cursor is not one this API returned; start again without it.")
            }
            cursor = parsed
        }
        // Pending jobs first: the projector stores a job before it leaves the pending jobs, so one
        // stored between the two reads is in one or the other, never in neither.
        let pending = board.pendingJobs(tenant: key.tenant).filter { status == nil || $0.status == status }
        let stored = try store.jobs(tenant: key.tenant, status: status, after: cursor, limit: limit + 1)
        let page = JobListPage.merge(stored: stored, pending: pending, after: cursor, limit: limit)
        return JSONResponse.make(body: JobListView(jobs: page.jobs.map { JobView($0) }, hasMore: page.next != nil,
                                                   nextCursor: page.next?.token))
    }

    private struct JobListView: Encodable {
        var jobs: [JobView]
        var hasMore: Bool
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case jobs, hasMore = "has_more", nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jobs, forKey: .jobs)
            try container.encode(hasMore, forKey: .hasMore)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    // MARK: POST /v1/jobs/{id}/cancel, DELETE /v1/jobs/{id}

    @Sendable func cancel(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let key = try context.caller
        let job = try ownJob(context)
        guard !job.status.isTerminal else {
            throw APIError(.conflict, "job_not_cancellable",
                           "Job \(job.jobID.lowercasedString) is already \(job.status.rawValue); only queued or running jobs can be cancelled.")
        }
        try await submitter.requestCancel(of: job, by: key)
        return JSONResponse.make(status: .accepted, body: JobView(job))
    }
}

extension HTTPField.Name {
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
