import Foundation
import Hummingbird

/// `/healthz` (the process answers), `/readyz` (it can serve: the read model has caught up with
/// the log and the key table is loaded) and `/metrics` (Prometheus text format). No authentication.
struct HealthController: Sendable {
    let readiness: @Sendable () -> [String: Bool]
    let metrics: IngestMetrics

    func register(on router: Router<IngestRequestContext>, routes: RouteTable) {
        routes.add(.get, "/healthz")
        routes.add(.get, "/readyz")
        routes.add(.get, "/metrics")
        router.get("/healthz") { _, _ in
            JSONResponse.make(json: Self.ok)
        }
        router.get("/readyz") { _, _ in
            let checks = readiness()
            let ready = checks.values.allSatisfy { $0 }
            return JSONResponse.make(status: ready ? .ok : .serviceUnavailable,
                                     body: ReadinessView(status: ready ? "ready" : "starting", checks: checks))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }

    private static let ok = Data(#"{"status":"ok"}"#.utf8)

    private struct ReadinessView: Encodable {
        var status: String
        var checks: [String: Bool]
    }
}
