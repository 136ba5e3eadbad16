us_crc32c.o: /work/main/userspace/crc32c.c /work/main/userspace/crc32c.h
/work/main/userspace/crc32c.h:
