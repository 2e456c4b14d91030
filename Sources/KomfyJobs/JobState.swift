// JobState reducer: being written.
