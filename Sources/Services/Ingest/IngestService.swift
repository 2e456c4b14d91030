import KomfyEvents

/// The front door (DESIGN.md section 8): the cmfy.cloud and ComfyUI HTTP APIs, Kafka-native
/// `SubmitJob` commands and the job read model. It appends `JobSubmitted` and `JobCancelRequested`.
/// An empty shell until the ingest issue lands.
public enum IngestService {
    public static let stage = JobStage.ingest
}
