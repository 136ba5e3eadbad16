cmd_detach.o: cmd_detach.c common.h xs_util.h
common.h:
xs_util.h:
