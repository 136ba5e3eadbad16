xtrail.o: xtrail.c common.h
common.h:
