xtraild.o: xtraild.c f3.h /work/main/shared/xtrail_ring.h \
 /work/main/shared/xtrail_proto.h version.h
f3.h:
/work/main/shared/xtrail_ring.h:
/work/main/shared/xtrail_proto.h:
version.h:
