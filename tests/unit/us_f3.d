us_f3.o: /work/main/userspace/f3.c /work/main/userspace/crc32c.h \
 /work/main/userspace/f3.h /work/main/shared/xtrail_ring.h \
 /work/main/shared/xtrail_proto.h
/work/main/userspace/crc32c.h:
/work/main/userspace/f3.h:
/work/main/shared/xtrail_ring.h:
/work/main/shared/xtrail_proto.h:
