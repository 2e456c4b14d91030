import KomfyKafka
