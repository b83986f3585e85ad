# The seed's echo client program, ported to Python 3.
# usage: echo_client.py HOST PORT [MESSAGE]
import sys
from socket import *
HOST = sys.argv[1]        # The remote host
PORT = int(sys.argv[2])   # The same port as used by the server
MESSAGE = sys.argv[3] if len(sys.argv) > 3 else 'Hello, world'
s = socket(AF_INET, SOCK_STREAM)
s.connect((HOST, PORT))
s.send(MESSAGE.encode())
data = s.recv(1024)
s.close()
print('Received', repr(data.decode()))
