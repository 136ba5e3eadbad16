xs_util.o: xs_util.c /work/main/shared/xtrail_proto.h xs_util.h
/work/main/shared/xtrail_proto.h:
xs_util.h:
