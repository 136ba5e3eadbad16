cmd_version.o: cmd_version.c common.h f3.h \
 /work/main/shared/xtrail_ring.h /work/main/shared/xtrail_proto.h \
 version.h
common.h:
f3.h:
/work/main/shared/xtrail_ring.h:
/work/main/shared/xtrail_proto.h:
version.h:
