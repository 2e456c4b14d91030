import Foundation
import Hummingbird
import KomfyEvents

/// `GET /v1/jobs/{id}/events`: the job's events as Server-Sent Events, from the read model.
///
/// Each event's SSE `id` is its 1-based position in the job's history, so a client that reconnects
/// with `Last-Event-ID: n` (or `?after=n`) gets exactly the events after n. `event` is
/// the event type and `data` the event as stored on `komfy.job-events`. The stream ends after the
/// job's terminal event; while nothing happens a comment line keeps proxies from closing it.
struct JobEventStream: Sendable {
    let store: JobStore
    let feed: JobEventFeed
    let ownJob: @Sendable (IngestRequestContext) throws -> StoredJob
    var heartbeat: Duration = .seconds(15)

    @Sendable func respond(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let jobID = try ownJob(context).jobID
        let lastEventID: Int? = request.headers[.lastEventID].flatMap { Int($0) }
        let after: Int? = request.uri.queryParameters["after"].flatMap { Int(String($0)) }
        let resumeAfter = lastEventID ?? after ?? 0
        let store = store
        let feed = feed
        let heartbeat = heartbeat
        let body = ResponseBody { writer in
            let updates = feed.subscribe(to: jobID, heartbeat: heartbeat)
            var last = resumeAfter
            for await _ in updates {
                // Read after every wake-up, including the first: nothing between the subscription and
                // the read can be missed.
                let (events, terminal) = try store.events(of: jobID, after: last)
                var text = ""
                for event in events {
                    text += "id: \(event.seq)\nevent: \(event.type)\ndata: \(String(decoding: event.value, as: UTF8.self))\n\n"
                    last = event.seq
                }
                try await writer.write(ByteBuffer(string: text.isEmpty ? ": keep-alive\n\n" : text))
                if terminal { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}
