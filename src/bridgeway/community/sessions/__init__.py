"""Group sessions and webinars: scheduled by staff for an audience of a program, an agency or
the network, with registration, capacity, a waiting list, reminders with calendar invitations,
attendance and a recording link; repeating sessions; invitations to people on a program's
waiting list."""
