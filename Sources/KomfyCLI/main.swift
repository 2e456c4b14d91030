import KomfyKafka
print(RDKafkaVersion.current)
