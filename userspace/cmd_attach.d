cmd_attach.o: cmd_attach.c common.h xs_util.h
common.h:
xs_util.h:
