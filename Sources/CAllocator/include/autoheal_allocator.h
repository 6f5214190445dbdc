#ifndef AUTOHEAL_ALLOCATOR_H
#define AUTOHEAL_ALLOCATOR_H

/* Makes glibc's allocator keep and reuse freed memory, large blocks included (see allocator.c). */
void autoheal_reuse_freed_memory(void);

#endif
