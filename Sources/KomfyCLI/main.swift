import KomfyKafka
print(RDKafkaLibrary.version)
