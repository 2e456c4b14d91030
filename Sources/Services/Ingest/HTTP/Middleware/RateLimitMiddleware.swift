import HTTPTypes
import Hummingbird
import KomfyAccess

/// The per-plan limits of every authenticated request (requests per minute; for submissions also the
/// queue depth), with the `X-RateLimit-*`, `X-Concurrent-*` and `X-Queue-*` headers on every answer
/// and 429 plus `Retry-After` when a limit is reached. The counts come from `ActivityBoard`, which
/// folds in the other ingest instances' submissions from the log.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let board: ActivityBoard
    let limits: LimitsConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = try context.caller
        let kind: RequestKind = request.method == .post && Self.isSubmission(request.uri.path) ? .submission : .other
        let decision = board.admit(tenant: key.tenant, kind: kind, limits: limits.limits(for: key))
        let headers = Self.fields(decision.headers)
        if let error = decision.error {
            throw APIError(.tooManyRequests, error.code.rawValue, error.message, retryAfter: decision.retryAfterSeconds,
                           headers: headers)
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: headers)
            return response
        } catch var error as APIError {
            error.headers.append(contentsOf: headers)
            throw error
        }
    }

    static func isSubmission(_ path: String) -> Bool {
        path == "/v1/jobs" || path == "/v1/jobs/"
    }

    /// The limit headers (without `Retry-After`, which the error envelope sets), with names made once.
    static func fields(_ headers: LimitHeaders) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(7)
        fields.append(HTTPField(name: .rateLimit, value: String(headers.rateLimit)))
        fields.append(HTTPField(name: .rateLimitRemaining, value: String(headers.rateLimitRemaining)))
        fields.append(HTTPField(name: .rateLimitReset, value: String(headers.rateLimitReset)))
        fields.append(HTTPField(name: .concurrentLimit, value: String(headers.concurrentLimit)))
        fields.append(HTTPField(name: .concurrentRunning, value: String(headers.concurrentRunning)))
        fields.append(HTTPField(name: .queueLimit, value: String(headers.queueLimit)))
        fields.append(HTTPField(name: .queueDepth, value: String(headers.queueDepth)))
        return fields
    }
}

extension HTTPField.Name {
    static let rateLimit = HTTPField.Name(LimitHeaders.rateLimitName)!
    static let rateLimitRemaining = HTTPField.Name(LimitHeaders.rateLimitRemainingName)!
    static let rateLimitReset = HTTPField.Name(LimitHeaders.rateLimitResetName)!
    static let concurrentLimit = HTTPField.Name(LimitHeaders.concurrentLimitName)!
    static let concurrentRunning = HTTPField.Name(LimitHeaders.concurrentRunningName)!
    static let queueLimit = HTTPField.Name(LimitHeaders.queueLimitName)!
    static let queueDepth = HTTPField.Name(LimitHeaders.queueDepthName)!
}
