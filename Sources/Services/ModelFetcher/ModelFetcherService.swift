import KomfyEvents

/// Downloads the models a validated job needs into the content-addressed model store, once per
/// model cluster-wide, and appends `JobModelsReady` or `JobFailed`. An empty shell for now.
public enum ModelFetcherService {
    public static let stage = JobStage.modelFetcher
}
