f3.o: f3.c crc32c.h f3.h /work/main/shared/xtrail_ring.h \
 /work/main/shared/xtrail_proto.h
crc32c.h:
f3.h:
/work/main/shared/xtrail_ring.h:
/work/main/shared/xtrail_proto.h:
