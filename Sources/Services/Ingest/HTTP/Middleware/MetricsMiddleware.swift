import Hummingbird

/// Counts and times every request by route template (the matched endpoint, e.g. `/v1/jobs/{id}`).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let metrics: IngestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.requestFinished(route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
                                status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
