crc32c.o: crc32c.c crc32c.h
crc32c.h:
