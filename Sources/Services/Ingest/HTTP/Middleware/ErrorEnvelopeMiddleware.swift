import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Renders every error as the API's error envelope: `APIError`s as they are, Hummingbird's own
/// (unknown route, body too large) with a code and a message that says what to do, anything else as
/// a 500 whose details stay in the log, never in the response.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response(requestID: context.requestID)
        } catch let error as any HTTPResponseError {
            return translate(error.status, request: request).response(requestID: context.requestID)
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))",
                                                              "request_id": "\(context.requestID)"])
            return APIError(.internalServerError, "internal_error",
                            "Something went wrong on our side; retry later and quote the request id if it persists.")
                .response(requestID: context.requestID)
        }
    }

    private func translate(_ status: HTTPResponse.Status, request: Request) -> APIError {
        switch status {
        case .notFound:
            let allowed = routes.methods(forPath: request.uri.path)
            if !allowed.isEmpty {
                return APIError(.methodNotAllowed, "method_not_allowed",
                                "\(request.method) is not allowed on \(request.uri.path); use \(allowed.map(\.rawValue).joined(separator: ", ")).",
                                headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
            }
            return APIError(.notFound, "not_found", "No route \(request.method) \(request.uri.path). See /openapi.json for the API.")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "payload_too_large", "The request body is too large.")
        default:
            return APIError(status, "http_\(status.code)", status.reasonPhrase)
        }
    }
}

/// The routes the API serves, to tell "no such route" (404) from "wrong method" (405). Filled while
/// the router is built, read while it serves.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, template: [Substring])]>([])

    func add(_ method: HTTPRequest.Method, _ path: String) {
        routes.withLock { $0.append((method, path.split(separator: "/"))) }
    }

    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.template.count == parts.count
                    && zip(route.template, parts).allSatisfy { template, part in template.hasPrefix(":") || template == part }
            }.map(\.method)
        }
    }
}
