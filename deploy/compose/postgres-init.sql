-- Each service owns its database (first start of the postgres container only).
CREATE DATABASE catalog;
CREATE DATABASE requests;
CREATE DATABASE orders;
CREATE DATABASE reviews;
CREATE DATABASE payments;
CREATE DATABASE scheduler;
CREATE DATABASE inbox;
