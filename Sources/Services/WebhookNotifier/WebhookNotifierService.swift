import KomfyEvents

/// POSTs signed cmfy.cloud-shaped webhooks when a job ends, retrying with backoff, and records every
/// attempt as `WebhookDelivered` or `WebhookFailed`. An empty shell for now.
public enum WebhookNotifierService {
    public static let stage = JobStage.webhookNotifier
}
